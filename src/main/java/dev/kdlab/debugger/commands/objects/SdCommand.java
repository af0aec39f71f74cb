package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.objects.Sids;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

/**
 * {@code !sd Address [Flags]}: a security descriptor field by field as WinDbg's documentation shows
 * it: revision, control with its flags' names, owner, group, then each ACL's header and ACEs
 * ({@code ->Dacl    : ->Ace[0]: ->Mask : 0x001f0003}); flag 1 names the SIDs. Self-relative
 * descriptors (what objects carry) hold offsets, absolute ones pointers.
 */
public final class SdCommand implements Command {
    private static final String[] CONTROL = {"SE_OWNER_DEFAULTED", "SE_GROUP_DEFAULTED", "SE_DACL_PRESENT",
            "SE_DACL_DEFAULTED", "SE_SACL_PRESENT", "SE_SACL_DEFAULTED", "SE_DACL_UNTRUSTED", "SE_SERVER_SECURITY",
            "SE_DACL_AUTO_INHERIT_REQ", "SE_SACL_AUTO_INHERIT_REQ", "SE_DACL_AUTO_INHERITED", "SE_SACL_AUTO_INHERITED",
            "SE_DACL_PROTECTED", "SE_SACL_PROTECTED", "SE_RM_CONTROL_VALID", "SE_SELF_RELATIVE"};
    private static final String[] ACE_FLAGS = {"OBJECT_INHERIT_ACE", "CONTAINER_INHERIT_ACE", "NO_PROPAGATE_INHERIT_ACE",
            "INHERIT_ONLY_ACE", "INHERITED_ACE", "", "SUCCESSFUL_ACCESS_ACE_FLAG", "FAILED_ACCESS_ACE_FLAG"};
    private static final String[] ACE_TYPES = {"ACCESS_ALLOWED_ACE_TYPE", "ACCESS_DENIED_ACE_TYPE",
            "SYSTEM_AUDIT_ACE_TYPE", "SYSTEM_ALARM_ACE_TYPE", "ACCESS_ALLOWED_COMPOUND_ACE_TYPE",
            "ACCESS_ALLOWED_OBJECT_ACE_TYPE", "ACCESS_DENIED_OBJECT_ACE_TYPE", "SYSTEM_AUDIT_OBJECT_ACE_TYPE",
            "SYSTEM_ALARM_OBJECT_ACE_TYPE", "ACCESS_ALLOWED_CALLBACK_ACE_TYPE", "ACCESS_DENIED_CALLBACK_ACE_TYPE",
            "ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE", "ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE",
            "SYSTEM_AUDIT_CALLBACK_ACE_TYPE", "SYSTEM_ALARM_CALLBACK_ACE_TYPE", "SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE",
            "SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE", "SYSTEM_MANDATORY_LABEL_ACE_TYPE",
            "SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE", "SYSTEM_SCOPED_POLICY_ID_ACE_TYPE", "SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE"};
    private static final int SE_SELF_RELATIVE = 0x8000;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments("Usage: !sd Address [Flags]");
        long address = args.nextWordExpression();
        boolean names = !args.atEnd() && (args.nextWordExpression() & 1) != 0;
        args.expectEnd();
        VirtualMemory memory = invocation.session().memory();
        byte[] header;
        try {
            header = memory.read(address, 0x14);
        } catch (MemoryAccessException e) {
            throw new CommandException("Unable to read security descriptor at " + Long.toHexString(address));
        }
        int control = (int) LittleEndian.get(header, 2, 2);
        boolean selfRelative = (control & SE_SELF_RELATIVE) != 0;
        StringBuilder out = new StringBuilder();
        out.append("->Revision: 0x").append(Integer.toHexString(header[0] & 0xff)).append('\n');
        out.append("->Sbz1    : 0x").append(Integer.toHexString(header[1] & 0xff)).append('\n');
        out.append("->Control : 0x").append(Integer.toHexString(control)).append('\n');
        for (int bit = 0; bit < CONTROL.length; bit++) {
            if ((control & (1 << bit)) != 0) {
                out.append("            ").append(CONTROL[bit]).append('\n');
            }
        }
        long owner = part(memory, address, header, 4, selfRelative);
        long group = part(memory, address, header, 8, selfRelative);
        out.append("->Owner   : ").append(sid(memory, owner, names)).append('\n');
        out.append("->Group   : ").append(sid(memory, group, names)).append('\n');
        appendAcl(out, memory, "->Dacl    : ", (control & 0x4) != 0 ? part(memory, address, header, 0x10, selfRelative) : 0, names);
        appendAcl(out, memory, "->Sacl    : ", (control & 0x10) != 0 ? part(memory, address, header, 0xc, selfRelative) : 0, names);
        invocation.out().print(out);
    }

    /** Where an owner, group or ACL is: an offset from the descriptor (self-relative) or a pointer. */
    private static long part(VirtualMemory memory, long address, byte[] header, int field, boolean selfRelative) {
        if (selfRelative) {
            long offset = LittleEndian.get(header, field, 4);
            return offset == 0 ? 0 : address + offset;
        }
        int pointerField = field == 4 ? 8 : field == 8 ? 0x10 : field == 0xc ? 0x18 : 0x20;
        return memory.readLong(address + pointerField);
    }

    private static void appendAcl(StringBuilder out, VirtualMemory memory, String prefix, long acl, boolean names) {
        if (acl == 0) {
            out.append(prefix).append(" is NULL\n");
            return;
        }
        byte[] header = memory.read(acl, 8);
        int count = (int) LittleEndian.get(header, 4, 2);
        out.append(prefix).append('\n');
        out.append(prefix).append("->AclRevision: 0x").append(Integer.toHexString(header[0] & 0xff)).append('\n');
        out.append(prefix).append("->Sbz1       : 0x").append(Integer.toHexString(header[1] & 0xff)).append('\n');
        out.append(prefix).append("->AclSize    : 0x").append(Long.toHexString(LittleEndian.get(header, 2, 2))).append('\n');
        out.append(prefix).append("->AceCount   : 0x").append(Integer.toHexString(count)).append('\n');
        out.append(prefix).append("->Sbz2       : 0x").append(Long.toHexString(LittleEndian.get(header, 6, 2))).append('\n');
        long ace = acl + 8;
        for (int i = 0; i < count; i++) {
            byte[] aceHeader = memory.read(ace, 8);
            int type = aceHeader[0] & 0xff;
            int flags = aceHeader[1] & 0xff;
            int size = (int) LittleEndian.get(aceHeader, 2, 2);
            String at = prefix + "->Ace[" + i + "]: ";
            out.append(at).append("->AceType: ").append(type < ACE_TYPES.length ? ACE_TYPES[type] : "0x" + Integer.toHexString(type))
                    .append('\n');
            out.append(at).append("->AceFlags: 0x").append(Integer.toHexString(flags)).append('\n');
            for (int bit = 0; bit < ACE_FLAGS.length; bit++) {
                if ((flags & (1 << bit)) != 0 && !ACE_FLAGS[bit].isEmpty()) {
                    out.append(at).append("           ").append(ACE_FLAGS[bit]).append('\n');
                }
            }
            out.append(at).append("->AceSize: 0x").append(Integer.toHexString(size)).append('\n');
            out.append(at).append("->Mask : 0x").append(String.format("%08x", LittleEndian.get(aceHeader, 4, 4))).append('\n');
            out.append(at).append("->SID: ").append(sid(memory, ace + 8, names)).append("\n\n");
            if (size < 8) {
                break;
            }
            ace += size;
        }
    }

    private static String sid(VirtualMemory memory, long address, boolean names) {
        if (address == 0) {
            return "(null)";
        }
        String text = Sids.text(memory, address);
        return names ? text + " (" + Sids.name(text, null) + ")" : text;
    }
}
