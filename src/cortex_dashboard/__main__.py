from cortex_dashboard.cli import app

app()
