"""Password hashing at OWASP's recommended strength that still lets an office log in quickly."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum (19 MiB of memory, two passes, one lane). Django's own default
    asks 100 MiB and eight lanes per login, which caps a 2-core server at a handful of logins per
    second; this takes ~25 ms. Older hashes are upgraded the next time their owner logs in."""

    algorithm = "argon2"  # the same prefix as Django's, so stored hashes stay readable either way
    time_cost = 2
    memory_cost = 19456
    parallelism = 1
