"""The MkDocs adapter: the only package that imports MkDocs (and Material).

It hands the vignette folder to the pipeline and the generated pages to MkDocs,
nothing more; the core (pipeline, emit, check) never imports MkDocs.

- ``plugin.py``: the plugin class, MkDocs' hooks only, each delegating below.
- ``options.py``: the plugin's options and what they set up in MkDocs' configuration.
- ``pages.py``: the pipeline's run and its pages handed to MkDocs as files.
- ``problems.py``: how a build reports the archive's problems.
- ``head.py``: each page's citation metadata, handed to the theme and the sitemap.
- ``languages.py``: the language editions (en/ beside the Dutch site).
- ``serve.py``: the preview of ``mkdocs serve`` (render cache, problems page, banner).
- ``handout.py``: the handout's items, cut from the vignette pages.
- ``offline.py``: the edition opened from a folder (Material's offline plugin).
"""
