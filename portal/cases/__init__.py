"""Cases (zaken): status, deadlines, requests for information, decisions, objections."""
