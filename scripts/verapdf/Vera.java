import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** veraPDF's verdict on each PDF for one flavour (ua1, 2a, 2b, ...): used by check.sh. */
public class Vera {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.fromString(args[0]);
        int failed = 0;
        for (int i = 1; i < args.length; i++) {
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new java.io.FileInputStream(args[i]), flavour);
                 PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
                ValidationResult result = validator.validate(parser);
                System.out.println((result.isCompliant() ? "PASS " : "FAIL ") + flavour + " " + args[i]);
                if (!result.isCompliant()) failed++;
                java.util.Set<String> seen = new java.util.TreeSet<>();
                for (TestAssertion t : result.getTestAssertions())
                    if (t.getStatus() != TestAssertion.Status.PASSED)
                        seen.add("  " + t.getRuleId().getClause() + "-" + t.getRuleId().getTestNumber() + " " + t.getMessage());
                for (String s : seen) System.out.println(s);
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
