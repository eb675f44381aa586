"""Render and write: the editions' presets, the canvas that draws a layout as PDF, files written whole."""
