package dev.kdlab.kernel.ldr;

import dev.kdlab.kernel.ke.ProcessorModel;
import dev.kdlab.kernel.mm.UserSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.struct.StructView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Environment blocks. A new process gets a copy of its creator's block unless the creator builds one
 * for the account it starts the process as (CreateEnvironmentBlock: the service control manager for
 * each service, winlogon for the user's shell, DcomLaunch for a server in another account). The
 * first block is smss's, made from the registry's Session Manager\Environment (with USERNAME=SYSTEM
 * and TEMP=%SystemRoot%\TEMP), which csrss, wininit, winlogon, services and lsass inherit. A block
 * made for an account adds the machine's and the account's profile variables: the user's own
 * (USERNAME, USERDOMAIN, USERPROFILE, APPDATA, LOCALAPPDATA, TEMP/TMP in the profile, Path with the
 * profile's WindowsApps); SYSTEM is named after the machine's account on the network (DESKTOP-KDLAB$
 * of WORKGROUP) and keeps %SystemRoot%\TEMP; LOCAL SERVICE and NETWORK SERVICE have their profiles
 * under ServiceProfiles; the per-session virtual accounts (UMFD-n, DWM-n) have no profile of their
 * own and get the system profile's folders (by convention: no capture shows their blocks). The
 * PROCESSOR_* variables describe the machine's processors, so they agree with !cpuinfo. Blocks are
 * sorted by name without regard to case, as CreateEnvironmentBlock leaves them; the "=::=::\" entry
 * of the interactive user's block sorts first.
 */
public final class Environment {
    private static final String COMPUTER = "DESKTOP-KDLAB";
    private static final String WORKGROUP = "WORKGROUP";
    private static final String WINDOWS = "C:\\WINDOWS";
    private static final String SYSTEM_PROFILE = WINDOWS + "\\system32\\config\\systemprofile";
    private static final String SYSTEM_TEMP = WINDOWS + "\\TEMP";
    private static final String PATH = "C:\\WINDOWS\\system32;C:\\WINDOWS;C:\\WINDOWS\\System32\\Wbem;"
            + "C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\;C:\\WINDOWS\\System32\\OpenSSH\\";
    private static final String NT_AUTHORITY = "NT AUTHORITY";
    private static final String SESSION_MANAGER_BLOCK = block(sessionManagerVariables());

    private Environment() {
    }

    /** smss's block: Session Manager\Environment, expanded, with the system drive and root. */
    public static String sessionManager() {
        return SESSION_MANAGER_BLOCK;
    }

    /**
     * CreateEnvironmentBlock for a token of this account (the names LSA gives the logon:
     * SEP_LOGON_SESSION_REFERENCES AccountName and AuthorityName).
     */
    public static String forAccount(String accountName, String authorityName) {
        Map<String, String> variables = machineVariables();
        if (authorityName.equals(NT_AUTHORITY) && accountName.equals("SYSTEM")) {
            profile(variables, COMPUTER + "$", WORKGROUP, SYSTEM_PROFILE, SYSTEM_TEMP);
        } else if (authorityName.equals(NT_AUTHORITY)) {
            String profile = WINDOWS + "\\ServiceProfiles\\"
                    + (accountName.equals("LOCAL SERVICE") ? "LocalService" : "NetworkService");
            profile(variables, accountName, NT_AUTHORITY, profile, profile + "\\AppData\\Local\\Temp");
        } else if (!authorityName.equals(COMPUTER)) {
            profile(variables, accountName, authorityName, SYSTEM_PROFILE, SYSTEM_TEMP);   // UMFD-n, DWM-n
        } else {
            interactiveUser(variables, accountName);
        }
        return block(variables);
    }

    /** The block a process was given, read back from its process parameters (what a child inherits). */
    public static String of(UserSpace process) {
        try {
            long parameters = process.struct("_PEB", process.peb()).get("ProcessParameters");
            StructView p = process.struct("_RTL_USER_PROCESS_PARAMETERS", parameters);
            byte[] bytes = new byte[(int) p.get("EnvironmentSize")];
            process.memory().read(p.get("Environment"), bytes, 0, bytes.length);
            String text = new String(bytes, StandardCharsets.UTF_16LE);
            int end = text.indexOf("\0\0");
            return (end < 0 ? text : text.substring(0, end)).replace('\0', '\n');
        } catch (MemoryAccessException e) {
            throw new IllegalStateException("a parent's environment block is not mapped", e);
        }
    }

    private static Map<String, String> sessionManagerVariables() {
        ProcessorModel cpu = ProcessorModel.CORE_I5_1135G7;
        Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        variables.put("ComSpec", WINDOWS + "\\system32\\cmd.exe");
        variables.put("DriverData", "C:\\Windows\\System32\\Drivers\\DriverData");
        variables.put("NUMBER_OF_PROCESSORS", "4");
        variables.put("OS", "Windows_NT");
        variables.put("Path", PATH);
        variables.put("PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC");
        variables.put("PROCESSOR_ARCHITECTURE", "AMD64");
        variables.put("PROCESSOR_IDENTIFIER", cpu.identifier());
        variables.put("PROCESSOR_LEVEL", Integer.toString(cpu.family()));
        variables.put("PROCESSOR_REVISION", String.format("%04x", cpu.cpuStep()));
        variables.put("PSModulePath", "C:\\Program Files\\WindowsPowerShell\\Modules;"
                + "C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules");
        variables.put("SystemDrive", "C:");
        variables.put("SystemRoot", WINDOWS);
        variables.put("TEMP", SYSTEM_TEMP);
        variables.put("TMP", SYSTEM_TEMP);
        variables.put("USERNAME", "SYSTEM");
        variables.put("windir", WINDOWS);
        return variables;
    }

    /** Session Manager's variables and what userenv adds for every account: the machine's folders and name. */
    private static Map<String, String> machineVariables() {
        Map<String, String> variables = sessionManagerVariables();
        variables.put("ALLUSERSPROFILE", "C:\\ProgramData");
        variables.put("CommonProgramFiles", "C:\\Program Files\\Common Files");
        variables.put("CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files");
        variables.put("CommonProgramW6432", "C:\\Program Files\\Common Files");
        variables.put("COMPUTERNAME", COMPUTER);
        variables.put("ProgramData", "C:\\ProgramData");
        variables.put("ProgramFiles", "C:\\Program Files");
        variables.put("ProgramFiles(x86)", "C:\\Program Files (x86)");
        variables.put("ProgramW6432", "C:\\Program Files");
        variables.put("PUBLIC", "C:\\Users\\Public");
        return variables;
    }

    /** The interactive user's block, as winlogon and userinit leave it for the shell. */
    private static void interactiveUser(Map<String, String> variables, String user) {
        String profile = "C:\\Users\\" + user;
        profile(variables, user, COMPUTER, profile, profile + "\\AppData\\Local\\Temp");
        variables.put("=::", "::\\");
        variables.put("HOMEDRIVE", "C:");
        variables.put("HOMEPATH", "\\Users\\" + user);
        variables.put("LOGONSERVER", "\\\\" + COMPUTER);
        variables.put("OneDrive", profile + "\\OneDrive");
        variables.put("SESSIONNAME", "Console");
        variables.put("USERDOMAIN_ROAMINGPROFILE", COMPUTER);
    }

    /** The variables that name the account and its profile. */
    private static void profile(Map<String, String> variables, String user, String domain, String profile,
                                String temp) {
        variables.put("APPDATA", profile + "\\AppData\\Roaming");
        variables.put("LOCALAPPDATA", profile + "\\AppData\\Local");
        variables.put("Path", PATH + ";" + profile + "\\AppData\\Local\\Microsoft\\WindowsApps;");
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
