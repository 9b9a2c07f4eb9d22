"""Firing the same work from several threads at once, for the tests of locks and double submissions."""

import threading

from django.db import connections


def race(task, times):
    """Run `task()` in `times` threads released together, each with its own database connection;
    return what they returned and the exceptions they raised."""
    barrier, results, errors = threading.Barrier(times), [], []

    def run():
        try:
            barrier.wait()
            results.append(task())
        except Exception as error:  # noqa: BLE001 - handed back to the test
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections: none left open on the test database

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
