"""Pure models: numbers or DataFrames in, numbers or DataFrames out; no file access, no plotting."""
