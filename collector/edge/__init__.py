"""What stands between the network and the routes: ASGI middleware and the API docs.

* ``limits``: request bodies bounded per route (413), before and while they are read; a NUL in
  a URL is a 400; a client that hangs up mid-upload is one log line, not a traceback.
* ``headers``: security headers on every response (API, docs, static files, errors).
* ``docs``: the API reference, a plain local page behind login (no CDN, no script).
"""
