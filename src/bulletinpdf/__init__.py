"""bulletinpdf: typesets the quarterly Highlights bulletin from one YAML file per issue."""

__version__ = "0.1.0"
