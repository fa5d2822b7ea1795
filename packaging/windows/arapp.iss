; Inno Setup script: arapp-VERSION-setup.exe from the one-folder bundle dist\arapp (built on
; Windows by packaging/build.sh, or by the CI workflow .github/workflows/bundles.yml):
;
;   iscc /DAppVersion=0.1.0 packaging\windows\arapp.iss
;
; Installs for the current user (no administrator rights needed; the dialog offers all users),
; adds a Start-menu entry (and a desktop icon if ticked) that opens the window, and puts
; arapp.exe (the command line) beside it. Uninstalling removes the program files only: the books,
; settings, backups and logs in %LOCALAPPDATA%\arapp are the user's and stay.
; Signing: see packaging/README.md (signtool with a certificate that is never in the repository).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to one product: never change it.
AppId={{6F1B9A52-3C0E-4C8B-9C6D-0A7E2F4B8D31}
AppName=arapp
AppVersion={#AppVersion}
AppVerName=arapp {#AppVersion}
AppPublisher=The arapp developers
VersionInfoVersion={#AppVersion}
VersionInfoDescription=arapp installer
DefaultDirName={autopf}\arapp
DefaultGroupName=arapp
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=arapp-{#AppVersion}-setup
SetupIconFile=..\icons\arapp.ico
UninstallDisplayIcon={app}\arapp-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\arapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\arapp"; Filename: "{app}\arapp-gui.exe"; Comment: "Invoicing and collections"
Name: "{group}\Uninstall arapp"; Filename: "{uninstallexe}"
Name: "{autodesktop}\arapp"; Filename: "{app}\arapp-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\arapp-gui.exe"; Description: "{cm:LaunchProgram,arapp}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is left out on purpose: only what [Files] installed is removed, never the
; data folder (%LOCALAPPDATA%\arapp) with the user's books and backups.
