@echo off
rem Shell completion for `kubectl slices ...` on Windows: kubectl >= 1.26 runs kubectl_complete-slices
rem from PATH with the plugin's words plus the one being completed (see bin/kubectl_complete-slices).
rem Use the kubectl-slices.exe beside this file, else the one on PATH.
if not exist "%~dp0kubectl-slices.exe" goto onpath
"%~dp0kubectl-slices.exe" __complete %*
exit /b %ERRORLEVEL%
:onpath
kubectl-slices.exe __complete %*
