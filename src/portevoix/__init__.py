"""Porte-voix: social-media maturity of a leadership team, measured, argued, planned and tracked."""

__version__ = "0.1.0"
