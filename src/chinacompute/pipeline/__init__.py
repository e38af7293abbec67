"""The build pipeline: execute chapters with papermill, compile the book with Jupyter Book, publish atomically."""
