"""``duskfall serve``: the planner in a browser, and a JSON API that answers exactly what
the commands print.

- :mod:`duskfall.serve.app`: the ASGI application (:func:`~duskfall.serve.app.create_app`)
  and :func:`~duskfall.serve.app.run`, which serves it with uvicorn;
- :mod:`duskfall.serve.api`: the routes (``POST /api/plan``, ``/api/light``,
  ``/api/release``, ``/api/season``, the figure, the report and the exports);
- :mod:`duskfall.serve.work`: the work of a request, done off the event loop;
- :mod:`duskfall.serve.inputs`: a request's scenario as the commands' inputs;
- :mod:`duskfall.serve.limits`: what a request may cost (its body, the work in flight);
- ``static/``: the page (plain HTML, JavaScript and CSS; nothing from elsewhere).

It needs the ``serve`` extra (FastAPI and uvicorn): ``pip install "duskfall[serve]"``.
Importing this package imports neither; ``docs/serve.md`` documents the API.
"""
