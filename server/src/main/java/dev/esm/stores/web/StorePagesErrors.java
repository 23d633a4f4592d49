package dev.esm.stores.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.esm.stores.StoreException;

/** On the store pages, a store that is not the operator's, or does not exist, is simply not found. */
@ControllerAdvice(assignableTypes = {StoresPageController.class, StoreConnectController.class})
class StorePagesErrors {

    @ExceptionHandler(StoreException.class)
    String refused(StoreException e, HttpServletResponse response) {
        response.setStatus(e.kind() == StoreException.Kind.NOT_FOUND ? 404
                : e.kind() == StoreException.Kind.FORBIDDEN ? 403 : 400);
        return e.kind() == StoreException.Kind.NOT_FOUND ? "error/404" : "error/403";
    }
}
