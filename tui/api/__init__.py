"""HTTP access to LivePerson's Agent Activity API: discovery, auth, paging, retries, parsing.

Never imports Textual; the UI reaches this package only through the sync layer.
"""
