"""Pure data shared by every layer: the loaded collection, run options and results."""
