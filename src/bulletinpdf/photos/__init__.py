"""Photos: every photo checked, decoded, prepared for its edition and cached."""
