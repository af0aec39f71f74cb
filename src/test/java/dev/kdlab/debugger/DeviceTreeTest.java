package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PnP device tree (issue 16): {@code !devnode 0 1} is the tree the nodes' own Child and Sibling pointers make
 * (read with dq), every PDO's DEVOBJ_EXTENSION.DeviceNode points back at its node, the services are drivers the
 * machine loaded with their devices in the node's stack, {@code dx @$cursession.Devices} lists the same nodes,
 * and {@code !devstack} of the disk's PDO ends with its node.
 */
class DeviceTreeTest {
    private static final Pattern DEVNODE = Pattern.compile("^( *)DevNode 0x([0-9a-f]{16}) for PDO 0x([0-9a-f]{16})$");
    private static final Pattern INSTANCE = Pattern.compile("^ *InstancePath is \"(.*)\"$");
    private static final Pattern SERVICE = Pattern.compile("^ *ServiceName is \"(.*)\"$");
    private static final Pattern DQ = Pattern.compile("^[0-9a-f]{8}`[0-9a-f]{8}  ([0-9a-f]{8})`([0-9a-f]{8})$");
    private static final Pattern DX_ELEMENT = Pattern.compile("^    \\[0x[0-9a-f]+\\] +: (.*)$");
    private static Lkd lkd;
    private static List<Node> tree;

    /** One node as {@code !devnode 0 1} shows it. */
    private record Node(int depth, long address, long pdo, String instancePath, String service) {
    }

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        tree = parse(lkd.run("!devnode 0 1"));
    }

    private static List<Node> parse(List<String> lines) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DEVNODE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            Matcher path = INSTANCE.matcher(lines.get(i + 1));
            assertThat(path.matches()).as(lines.get(i + 1)).isTrue();
            Matcher service = SERVICE.matcher(lines.get(i + 2));
            nodes.add(new Node(m.group(1).length() / 2, Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16), path.group(1), service.matches() ? service.group(1) : ""));
        }
        return nodes;
    }

    /** One pointer read with dq. */
    private static long dq(long address) {
        List<String> out = lkd.run(String.format("dq %x L1", address));
        Matcher m = DQ.matcher(out.get(0));
        assertThat(m.matches()).as(out.get(0)).isTrue();
        return Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
    }

    /** The tree from the raw pointers: the node, then each child from Child (+0x8) along Sibling (+0x0). */
    private static void rawWalk(long node, int depth, List<long[]> into) {
        into.add(new long[] {depth, node, dq(node + 0x20)});
        for (long child = dq(node + 0x8); child != 0; child = dq(child)) {
            assertThat(dq(child + 0x10)).as("Parent of %x", child).isEqualTo(node);
            rawWalk(child, depth + 1, into);
        }
    }

    @Test
    void treeWalkIsTheRawChildAndSiblingWalk() {
        List<String> out = lkd.run("!devnode 0 1");
        long root = dq(lkd.eval("nt!IopRootDeviceNode"));
        assertThat(out.get(0)).isEqualTo(String.format("Dumping IopRootDeviceNode (= 0x%016x)", root));
        List<long[]> raw = new ArrayList<>();
        rawWalk(root, 0, raw);
        assertThat(tree).hasSize(raw.size()).hasSizeGreaterThan(50);
        for (int i = 0; i < raw.size(); i++) {
            Node n = tree.get(i);
            assertThat(new long[] {n.depth(), n.address(), n.pdo()}).as(n.instancePath()).containsExactly(raw.get(i));
            assertThat(lkd.eval(String.format("dwo(%x+0x98)", n.address()))).as("Level").isEqualTo(n.depth());
        }
        assertThat(tree.get(0).instancePath()).isEqualTo("HTREE\\ROOT\\0");
        assertThat(tree).extracting(Node::instancePath)
                .contains("ROOT\\volmgr\\0000", "ROOT\\ACPI_HAL\\0000",
                        "ACPI_HAL\\PNP0C08\\0", "ACPI\\PNP0A08\\0");
        assertThat(out).contains("  DevNode 0x" + String.format("%016x", tree.get(1).address()) + " for PDO 0x"
                + String.format("%016x", tree.get(1).pdo()), "    InstancePath is \"ROOT\\volmgr\\0000\"",
                "    ServiceName is \"volmgr\"", "    State = DeviceNodeStarted (0x308)",
                "    Previous State = DeviceNodeEnumerateCompletion (0x30d)");
    }

    @Test
    void everyPdoPointsBackAtItsNode() {
        for (Node n : tree) {
            long extension = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DEVICE_OBJECT, DeviceObjectExtension))", n.pdo()));
            assertThat(dq(extension + 0x28)).as("DeviceNode of %s's PDO", n.instancePath()).isEqualTo(n.address());
            assertThat(lkd.run("!devobj " + Long.toHexString(n.pdo()))).as(n.instancePath())
                    .anyMatch(l -> l.contains("DevNode " + Long.toHexString(n.address())));
            if (n.instancePath().startsWith("ROOT\\") || n.depth() == 0) {
                assertThat(lkd.run("!devobj " + Long.toHexString(n.pdo())).get(1)).as(n.instancePath())
                        .contains(" \\Driver\\PnpManager DriverObject ");
            }
        }
    }

    /** A node's service is a driver the machine loaded (an image), and one of the devices above its PDO is that driver's. */
    @Test
    void servicesAreLoadedDriversWithTheirDeviceInTheStack() {
        for (Node n : tree) {
            if (n.service().isEmpty()) {
                continue;
            }
            String driver = "\\Driver\\" + n.service();
            long object = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DEVICE_OBJECT, AttachedDevice))", n.pdo()));
            assertThat(object).as("%s has a device above its PDO", n.instancePath()).isNotZero();
            List<String> stack = lkd.run("!devstack " + Long.toHexString(n.pdo()));
            assertThat(stack).as(n.instancePath()).anyMatch(l -> l.matches("^  [0-9a-f]{16}  \\Q" + driver + "\\E +.*"));
            List<String> drvobj = lkd.run("!drvobj " + driver + " 2");
            assertThat(lkd.lastSucceeded()).as(driver).isTrue();
            assertThat(drvobj).as(driver).anyMatch(l -> l.startsWith("DriverEntry:   ") && l.endsWith("!GsDriverEntry"));
        }
    }

    @Test
    void dxDevicesListsTheNodesOfDevnode() {
        assertThat(lkd.run("dx @$cursession.Devices")).containsExactly("@$cursession.Devices                ",
                "    DeviceTree      ");
        assertThat(lkd.run("dx @$cursession.Devices.DeviceTree")).containsExactly(
                "@$cursession.Devices.DeviceTree                ", "    [0x0]            : HTREE\\ROOT\\0");
        List<String> paths = new ArrayList<>();
        for (String line : lkd.run("dx @$cursession.Devices.DeviceTree.Flatten(n => n.Children)"
                + ".Select(n => n.InstancePath)")) {
            Matcher m = DX_ELEMENT.matcher(line);
            if (m.matches()) {
                paths.add(m.group(1));
            }
        }
        assertThat(paths).containsExactlyElementsOf(tree.stream().map(Node::instancePath).toList());
        List<String> acpi = new ArrayList<>();
        for (String line : lkd.run("dx @$cursession.Devices.DeviceTree.Flatten(n => n.Children)"
                + ".Where(n => n.ServiceName == \"ACPI\")")) {
            Matcher m = DX_ELEMENT.matcher(line);
            if (m.matches()) {
                acpi.add(m.group(1));
            }
        }
        assertThat(acpi).containsExactly("ACPI_HAL\\PNP0C08\\0")
                .containsExactlyElementsOf(tree.stream().filter(n -> n.service().equals("ACPI")).map(Node::instancePath).toList());
        Node disk = tree.stream().filter(n -> n.service().equals("disk")).findFirst().orElseThrow();
        String select = "dx @$cursession.Devices.DeviceTree.Flatten(n => n.Children).Where(n => n.ServiceName == \"disk\")"
                + ".First()";
        assertThat(lkd.run(select + ".PhysicalDeviceObject")).first().asString()
                .endsWith(String.format(": 0x%x [Type: _DEVICE_OBJECT *]", disk.pdo()));
        assertThat(lkd.run(select + ".State")).first().asString().endsWith(": DeviceNodeStarted (776) [Type: _PNP_DEVNODE_STATE]");
    }

    @Test
    void devstackOfTheDiskPdoEndsWithItsNode() {
        Node disk = tree.stream().filter(n -> n.service().equals("disk")).findFirst().orElseThrow();
        List<String> stack = lkd.run("!devstack " + Long.toHexString(disk.pdo()));
        assertThat(stack.get(0)).isEqualTo("  !DevObj           !DrvObj            !DevExt           ObjectName");
        assertThat(stack).anyMatch(l -> l.startsWith("> " + Long.toHexString(disk.pdo()) + "  \\Driver\\stornvme "))
                .anyMatch(l -> l.contains("\\Driver\\disk ") && l.endsWith("DR0"))
                .anyMatch(l -> l.contains("\\Driver\\partmgr "));
        assertThat(stack.subList(stack.size() - 3, stack.size())).containsExactly(
                "!DevNode " + Long.toHexString(disk.address()) + " :",
                "  DeviceInst is \"" + disk.instancePath() + "\"",
                "  ServiceName is \"disk\"");
        assertThat(lkd.run("!devstack \\Device\\Harddisk0\\DR0")).isEqualTo(stack.stream()
                .map(l -> l.startsWith("> ") ? "  " + l.substring(2) : l.contains("\\Driver\\disk ") ? ">" + l.substring(1) : l)
                .toList());
    }

    @Test
    void oneNodeInFullAndTheFilters() {
        Node wifi = tree.stream().filter(n -> n.instancePath().contains("DEV_A0F0")).findFirst().orElseThrow();
        Node parent = tree.stream().filter(n -> n.instancePath().equals("ACPI\\PNP0A08\\0")).findFirst().orElseThrow();
        long sibling = dq(wifi.address());
        assertThat(lkd.run("!devnode " + Long.toHexString(wifi.address()))).containsExactly(
                String.format("DevNode 0x%016x for PDO 0x%016x", wifi.address(), wifi.pdo()),
                String.format("  Parent 0x%016x   Sibling 0x%016x   Child 0000000000", parent.address(), sibling),
                "  InstancePath is \"" + wifi.instancePath() + "\"",
                "  State = DeviceNodeInitialized (0x302)",
                "  Previous State = DeviceNodeUninitialized (0x301)",
                "  StateHistory[00] = DeviceNodeUninitialized (0x301)",
                "  Flags (0x00002070)  DNF_ENUMERATED, DNF_IDS_QUERIED,",
                "                      DNF_HAS_BOOT_CONFIG, DNF_HAS_PROBLEM",
                "  Problem = CM_PROB_FAILED_INSTALL",
                "  CapabilityFlags (0x00000000)");
        List<Node> problems = parse(lkd.run("!devnode 0 21"));
        assertThat(problems).extracting(Node::instancePath).hasSize(2).allMatch(p -> p.startsWith("PCI\\VEN_8086&DEV_A0"));
        assertThat(parse(lkd.run("!devnode 0 11"))).isEqualTo(problems);
        assertThat(parse(lkd.run("!devnode 0 1 stornvme"))).extracting(Node::service).containsExactly("stornvme", "disk");
        assertThat(lkd.run("!devnode 1")).hasSize(1).first().asString().startsWith("Dumping IopPendingSurpriseRemovals (= 0x");
        assertThat(lkd.run("!devnode 2")).hasSize(1).first().asString().startsWith("Dumping IopPendingEjects (= 0x");
    }

    @Test
    void editsShowAndWrongInputIsWinDbgsError() {
        Node disk = tree.stream().filter(n -> n.service().equals("disk")).findFirst().orElseThrow();
        String state = String.format("%x", disk.address() + 0x12c);
        try {
            lkd.run("ed " + state + " 30a");
            assertThat(lkd.run("!devnode " + Long.toHexString(disk.address()))).contains("  State = DeviceNodeStopped (0x30a)");
            assertThat(parse(lkd.run("!devnode 0 11"))).extracting(Node::service).contains("disk");
        } finally {
            lkd.run("ed " + state + " 308");
        }
        assertThat(lkd.run("!devnode zz")).containsExactly("Couldn't resolve error at 'zz'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("!devnode 1234")).containsExactly("Unable to read device node at 0000000000001234");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("!devnode")).containsExactly("Usage: !devnode Address [Flags] [Service]");
        assertThat(lkd.run("!devnode 0")).hasSizeGreaterThan(10);
        assertThat(lkd.lastSucceeded()).isTrue();
    }
}
