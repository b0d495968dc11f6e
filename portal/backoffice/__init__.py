"""The back office: caseworkers' queue, the case file and its actions, tenant admin."""
