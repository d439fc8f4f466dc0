from pactctl.cli import app

app(prog_name="pactctl")
