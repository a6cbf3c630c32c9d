# Windows set-up shared by run.ps1 and test.ps1: a virtual environment with the project and
# its extras, and compiled translations. Windows needs no system packages: Qt's libraries come
# in the PySide6 wheel, Devanagari renders with Nirmala UI, the keyring is Credential Manager.
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
$Venv = if ($env:SPOKE_VENV) { $env:SPOKE_VENV } else { Join-Path $Root ".venv" }
$Py = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Py)) {
    Write-Host "bootstrap: creating the virtual environment in $Venv"
    py -3 -m venv $Venv
    & $Py -m pip install -q --upgrade pip
}
$Stamp = Join-Path $Venv ".spoke-installed"
if (-not (Test-Path $Stamp) -or ((Get-Item (Join-Path $Root "pyproject.toml")).LastWriteTime -gt (Get-Item $Stamp).LastWriteTime)) {
    Write-Host "bootstrap: installing Spoke Clinic and its extras"
    & $Py -m pip install -q -e "$Root[test,dev]"
    New-Item -ItemType File -Force $Stamp | Out-Null
}
& $Py (Join-Path $Root "scripts\translations.py") compile
