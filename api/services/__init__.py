"""Data access for the API and the explorer: functions returning pydantic models or plain rows."""
