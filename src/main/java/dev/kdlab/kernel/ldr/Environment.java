package dev.kdlab.kernel.ldr;

import dev.kdlab.kernel.ke.ProcessorModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment block a new process inherits: the system's for session 0 (what the SCM gives
 * services), a desktop user's otherwise (what explorer passes on). The variables are those of a
 * Windows 10 22H2 desktop; the PROCESSOR_* ones describe the machine's processors, so they agree
 * with what !cpuinfo reads from the KPRCBs. Blocks are sorted by name without regard to case, as
 * CreateEnvironmentBlock leaves them; the "=::=::\" entry of a user session sorts first.
 */
public final class Environment {
    private static final String COMPUTER = "DESKTOP-KDLAB";
    private static final String USER = "learner";
    private static final String PATH = "C:\\WINDOWS\\system32;C:\\WINDOWS;C:\\WINDOWS\\System32\\Wbem;"
            + "C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\;C:\\WINDOWS\\System32\\OpenSSH\\";
    private static final String SYSTEM_BLOCK = block(systemVariables());
    private static final String USER_BLOCK = block(userVariables());

    private Environment() {
    }

    public static String forSession(int sessionId) {
        return sessionId > 0 ? USER_BLOCK : SYSTEM_BLOCK;
    }

    /** What every process of the machine sees, whoever runs it. */
    private static Map<String, String> machineVariables() {
        ProcessorModel cpu = ProcessorModel.CORE_I5_1135G7;
        Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        variables.put("ALLUSERSPROFILE", "C:\\ProgramData");
        variables.put("CommonProgramFiles", "C:\\Program Files\\Common Files");
        variables.put("CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files");
        variables.put("CommonProgramW6432", "C:\\Program Files\\Common Files");
        variables.put("COMPUTERNAME", COMPUTER);
        variables.put("ComSpec", "C:\\WINDOWS\\system32\\cmd.exe");
        variables.put("DriverData", "C:\\Windows\\System32\\Drivers\\DriverData");
        variables.put("NUMBER_OF_PROCESSORS", "4");
        variables.put("OS", "Windows_NT");
        variables.put("PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC");
        variables.put("PROCESSOR_ARCHITECTURE", "AMD64");
        variables.put("PROCESSOR_IDENTIFIER", cpu.identifier());
        variables.put("PROCESSOR_LEVEL", Integer.toString(cpu.family()));
        variables.put("PROCESSOR_REVISION", String.format("%04x", cpu.cpuStep()));
        variables.put("ProgramData", "C:\\ProgramData");
        variables.put("ProgramFiles", "C:\\Program Files");
        variables.put("ProgramFiles(x86)", "C:\\Program Files (x86)");
        variables.put("ProgramW6432", "C:\\Program Files");
        variables.put("PSModulePath", "C:\\Program Files\\WindowsPowerShell\\Modules;"
                + "C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules");
        variables.put("PUBLIC", "C:\\Users\\Public");
        variables.put("SystemDrive", "C:");
        variables.put("SystemRoot", "C:\\WINDOWS");
        variables.put("windir", "C:\\WINDOWS");
        return variables;
    }

    private static Map<String, String> systemVariables() {
        Map<String, String> variables = machineVariables();
        account(variables, "SYSTEM", "WORKGROUP", "C:\\WINDOWS\\system32\\config\\systemprofile", "C:\\WINDOWS\\TEMP", PATH);
        return variables;
    }

    private static Map<String, String> userVariables() {
        String profile = "C:\\Users\\" + USER;
        Map<String, String> variables = machineVariables();
        account(variables, USER, COMPUTER, profile, profile + "\\AppData\\Local\\Temp",
                PATH + ";" + profile + "\\AppData\\Local\\Microsoft\\WindowsApps;");
        variables.put("=::", "::\\");
        variables.put("APPDATA", profile + "\\AppData\\Roaming");
        variables.put("HOMEDRIVE", "C:");
        variables.put("HOMEPATH", "\\Users\\" + USER);
        variables.put("LOCALAPPDATA", profile + "\\AppData\\Local");
        variables.put("LOGONSERVER", "\\\\" + COMPUTER);
        variables.put("OneDrive", profile + "\\OneDrive");
        variables.put("SESSIONNAME", "Console");
        variables.put("USERDOMAIN_ROAMINGPROFILE", COMPUTER);
        return variables;
    }

    /** The variables that name the account a block belongs to. */
    private static void account(Map<String, String> variables, String user, String domain, String profile,
                                String temp, String path) {
        variables.put("Path", path);
        variables.put("TEMP", temp);
        variables.put("TMP", temp);
        variables.put("USERDOMAIN", domain);
        variables.put("USERNAME", user);
        variables.put("USERPROFILE", profile);
    }

    /** NAME=value lines joined by '\n' (the writer turns them into NUL-separated UTF-16). */
    private static String block(Map<String, String> variables) {
        List<String> lines = new ArrayList<>();
        variables.forEach((name, value) -> lines.add(name + "=" + value));
        return String.join("\n", lines);
    }
}
