"""chinacompute: data, models, charts and the build pipeline of the book 'Can China break free from Nvidia?'."""

__version__ = "0.1.0"
