package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.ex.CallBacks;
import dev.kdlab.kernel.image.NtGlobals;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.scenario.DefaultMachine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PspSetCreateProcessNotifyRoutine's slot rules on a booted kernel: a registration takes the first
 * empty slot through ExCompareExchangeCallBack, a slot that holds a block refuses another, and the
 * 65th routine finds the array full, leaving the counts as they were.
 */
class NotifyRoutinesTest {
    @Test
    void registrationsFillTheFirstFreeSlotsUntilTheArrayIsFull() {
        Kernel kernel = DefaultMachine.bootKernel(7);
        CallBacks callBacks = new CallBacks(kernel.space(), kernel.pagedPool());
        NotifyRoutines routines = new NotifyRoutines(kernel.space(), kernel.nt(), callBacks);
        long slots = kernel.ntAddress(NtGlobals.rva("PspCreateProcessNotifyRoutine"));
        long count = kernel.ntAddress(NtGlobals.rva("PspCreateProcessNotifyRoutineCount"));
        int used = 0;
        while (kernel.space().read(slots + 8L * used, 8) != 0) {
            used++;
        }
        long countBefore = kernel.space().read(count, 4);
        long routine = kernel.nt().base() + 0x1234;
        for (int i = used; i < 64; i++) {
            assertThat(routines.PsSetCreateProcessNotifyRoutine(routine + i)).isTrue();
            long slot = kernel.space().read(slots + 8L * i, 8);
            assertThat(slot & 0xf).isEqualTo(0xf);
            assertThat(kernel.space().read((slot & ~0xfL) + CallBacks.FUNCTION_OFFSET, 8)).isEqualTo(routine + i);
        }
        assertThat(kernel.space().read(count, 4)).isEqualTo(countBefore + 64 - used);
        assertThat(routines.PsSetCreateProcessNotifyRoutine(routine)).isFalse();
        assertThat(kernel.space().read(count, 4)).isEqualTo(countBefore + 64 - used);

        long block = callBacks.ExAllocateCallBack(routine, 0);
        assertThat(callBacks.ExCompareExchangeCallBack(slots, block, 0)).isFalse();   // slot 0 holds a block
        assertThat(kernel.space().read(block, 8)).as("no rundown references taken").isZero();
    }
}
