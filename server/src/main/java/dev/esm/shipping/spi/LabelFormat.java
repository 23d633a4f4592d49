package dev.esm.shipping.spi;

/** Label file formats, all 4x6 in. */
public enum LabelFormat {
    PDF("application/pdf", "pdf"),
    PNG("image/png", "png"),
    ZPL("application/zpl", "zpl");

    private final String contentType;
    private final String extension;

    LabelFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }
}
