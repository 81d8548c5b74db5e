"""Offline HTML views: the force-directed decision chain and the ROI board.

Every page is one self-contained file: scripts, styles and data are inlined, nothing is
fetched from a CDN or the network, so a page works on a laptop without internet.
"""

from .decision_chain import render_decision_chain
from .roi import render_roi_page

__all__ = ["render_decision_chain", "render_roi_page"]
