"""The councils domain: city councils, their assembly, resolutions and bills."""
