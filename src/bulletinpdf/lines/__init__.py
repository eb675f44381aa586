"""Line breaking: hyphenation, what a line costs, and the total-fit plan that breaks paragraphs."""
