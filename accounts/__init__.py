"""Identity: organisations (tenants), users, UI sessions, scoped API keys and their browser origins, self-registration
and its approval, the password policy, credit codes, login throttling and the demo accounts.

A leaf over ``authz`` and ``core``: who someone is lives here, what they may do in ``authz``. The HTTP guards that
turn a cookie or a key into a principal are ``api.auth.deps``; use cases that touch other packages (a center's kb
record, the needs an association adopts, approval and disabling as every door does them) are ``flows.accounts``.
"""
