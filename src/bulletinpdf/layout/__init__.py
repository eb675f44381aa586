"""Layout: the issue, its marked-up text and prepared photos turned into placed flowables, page by page."""
