@echo off
rem The `logdesk` command of the installed app on Windows: add this folder (resources\cli under the
rem install folder) to PATH. Runs the bundled CLI with the app's own Electron in Node mode.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Logdesk.exe" "%~dp0cli-entry.mjs" %*
exit /b %ERRORLEVEL%
