"""The Python twin of examples/service.rs: same logging.conf, same lines."""
import logging
import logging.config
import tempfile
import threading

logging.config.fileConfig("examples/service/logging.conf", defaults={"logdir": tempfile.gettempdir()})
log = logging.getLogger("service")
db = logging.getLogger("service.db")
log.info("starting with %d workers", 4)


def work(i):
    for job in range(3):
        db.debug("worker %d job %d: query", i, job)
    db.warning("worker %d saw a slow query", i)


threads = [threading.Thread(target=work, args=(i,), name="worker-%d" % i) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
log.log(5, "trace is Python's level 5")
log.error("shutting down")
logging.shutdown()
