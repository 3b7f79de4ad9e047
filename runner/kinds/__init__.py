"""Request kinds beyond a plain HTTP request, each a plug-in (today: Personalize connections)."""
