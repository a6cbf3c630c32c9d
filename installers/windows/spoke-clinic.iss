; Inno Setup 6 script: per-machine installer of the onedir bundle, Start-menu shortcut,
; uninstaller, upgrade in place (same AppId). Built by installers/build_release.py, which passes
;   ISCC /DAppVersion=<version> /DBundleDir=<dist\spoke-clinic> /O<out dir> spoke-clinic.iss
; User profiles (%LOCALAPPDATA%\spoke-clinic) are never touched by install, upgrade or
; uninstall: they hold the clinic's encrypted records.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\spoke-clinic"
#endif
#define AppName "Spoke Clinic"
#define AppExe "spoke-clinic.exe"

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy and replaces it in place.
AppId={{6B0F3E0C-54D1-4C8A-9F0B-2D6C1E8A7B35}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Spoke Clinic developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Per-machine: installed once for every operator account of a shared spoke PC.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=spoke-clinic-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\spoke-clinic.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile=..\..\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy holds its files open: ask to close it, restart it after an upgrade.
CloseApplications=yes
RestartApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Upgrade in place: the previous bundle's libraries go first, so nothing the new version
; dropped lingers beside it. Only the program folder; never user data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
