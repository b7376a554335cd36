"""Provinces, municipalities, mayors, the mayors' committee and draft directives."""
