"""RENDER: a checked document into HTML (the screen edition and the print HTML), figures and assets.

In: a `Document`, its `Outline` and `Theme`. Out: files as bytes in memory; nothing is written to disk.
"""
