package dev.kdlab.kernel;

/** The environment block a new process inherits: the system's for session 0, a desktop user's otherwise. */
final class Environment {
    private static final String SYSTEM = String.join("\n",
            "ALLUSERSPROFILE=C:\\ProgramData",
            "CommonProgramFiles=C:\\Program Files\\Common Files",
            "COMPUTERNAME=DESKTOP-KDLAB",
            "ComSpec=C:\\WINDOWS\\system32\\cmd.exe",
            "NUMBER_OF_PROCESSORS=4",
            "OS=Windows_NT",
            "Path=C:\\WINDOWS\\system32;C:\\WINDOWS;C:\\WINDOWS\\System32\\Wbem",
            "PROCESSOR_ARCHITECTURE=AMD64",
            "ProgramData=C:\\ProgramData",
            "ProgramFiles=C:\\Program Files",
            "SystemDrive=C:",
            "SystemRoot=C:\\WINDOWS",
            "TEMP=C:\\WINDOWS\\TEMP",
            "TMP=C:\\WINDOWS\\TEMP",
            "USERNAME=SYSTEM",
            "USERPROFILE=C:\\WINDOWS\\system32\\config\\systemprofile",
            "windir=C:\\WINDOWS");
    private static final String USER = String.join("\n",
            "=::=::\\",
            "ALLUSERSPROFILE=C:\\ProgramData",
            "APPDATA=C:\\Users\\learner\\AppData\\Roaming",
            "COMPUTERNAME=DESKTOP-KDLAB",
            "ComSpec=C:\\WINDOWS\\system32\\cmd.exe",
            "HOMEDRIVE=C:",
            "HOMEPATH=\\Users\\learner",
            "LOCALAPPDATA=C:\\Users\\learner\\AppData\\Local",
            "NUMBER_OF_PROCESSORS=4",
            "OS=Windows_NT",
            "Path=C:\\WINDOWS\\system32;C:\\WINDOWS;C:\\WINDOWS\\System32\\Wbem",
            "PROCESSOR_ARCHITECTURE=AMD64",
            "SystemDrive=C:",
            "SystemRoot=C:\\WINDOWS",
            "TEMP=C:\\Users\\learner\\AppData\\Local\\Temp",
            "USERNAME=learner",
            "USERPROFILE=C:\\Users\\learner",
            "windir=C:\\WINDOWS");

    private Environment() {
    }

    static String forSession(int sessionId) {
        return sessionId > 0 ? USER : SYSTEM;
    }
}
