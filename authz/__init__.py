"""Authorization: who may do what, and who may see which details, in one place (issue 17).

- :mod:`authz.vocab`: roles, organisation kinds, scopes, and which go together;
- :mod:`authz.principal`: the caller as every check sees it;
- :mod:`authz.tables`: the action table (role, scope, people only) and the workflow's role tables;
- :mod:`authz.tenancy`: the tenant filter for queries;
- :mod:`authz.policy`: the rules on objects: acting on an enterprise's behalf, need-to-know for confidential needs;
- :mod:`authz.service`: consents, detail grants and the security audit log (its own tables).

Every door (the JSON API, the web UI, the CLI, jobs) asks here; nothing below the doors decides access on its own.
"""
