"""The reading site: corpus + annotations → HTML pages → mkdocs-material → an offline site.

``render`` turns units and their spans into HTML, ``pages`` lays out one page per article,
chapter and part, ``browser_search`` writes paragraph-level browser-search entries and
``build`` runs the pipeline (and lists the extension points other stages append to).
"""
