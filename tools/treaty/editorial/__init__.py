"""Editorial data kept in corpus/ beside the Convention, each validated on loading (problems as
``file:line: message``): the concordance with other instruments (``concordance``) and their
stored texts (``counterparts``), the word-level comparison (``compare``), the subject index
(``subjects``).  ``yamlfile`` reads them safely.  Nothing here imports the search or the site.
"""
