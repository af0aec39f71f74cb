package dev.kdlab.kernel.image;

/**
 * A return address inside a function: {@code nt!KiSwapThread+0x500} is the site in KiSwapThread
 * just after its call to KiSwapContext. {@code returnRva} is relative to the image base.
 */
record CallSite(ImageCode image, CodeFunction function, long returnRva) {

    public long address(long imageBase) {
        return imageBase + returnRva;
    }
}
