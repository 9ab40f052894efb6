"""The web pages: HTML for a browser (the catalog, the chat, the worklists, the consoles), beside ``api.views``,
which answers JSON. Both call the same flows; a page never calls a JSON view, and a shared helper lives in one
place that both import."""
