"""Evidence: what people actually do on social networks, read from their own exports.

Each parser turns one export format into the normalised records of :mod:`.records`; private
files and columns are never read into them (they are listed as skipped, with the reason).
"""
