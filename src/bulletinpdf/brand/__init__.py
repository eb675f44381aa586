"""Brand: assets/brand.yaml into fonts, colours, paragraph styles and page geometry."""
