"""gunicorn settings for the web service (Dockerfile and docker-compose.yml pass `-c deploy/gunicorn.conf.py`).

No access log: gunicorn's would hold client addresses and paths (group slugs, invitation tokens).
The application writes its own, with route names only (peersupport/access_log.py).
"""

bind = "0.0.0.0:8000"
workers = 3
accesslog = None
errorlog = "-"
loglevel = "warning"
