"""Analysis: legal-text parsing, dictionary coding, coder agreement, network metrics.

May import core, data and views.
"""
