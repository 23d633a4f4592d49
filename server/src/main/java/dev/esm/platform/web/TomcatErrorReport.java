package dev.esm.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last word on errors Tomcat answers before any servlet runs (a malformed or undecodable URI, %00 in the path,
 * a request line or headers over the limit): Tomcat's own HTML report is replaced by problem+json under /api and by
 * a small page with the site navigation elsewhere. Errors the application handles are rendered by
 * {@link ErrorPages}; this valve only writes when nothing has been written yet.
 */
public class TomcatErrorReport extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        try {
            response.resetBuffer();
            response.setCharacterEncoding("UTF-8");
            boolean api = api(request);
            response.setContentType(api ? "application/problem+json" : "text/html;charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter();
            if (writer == null) {
                return;
            }
            writer.write(api ? problem(status) : page(status));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot take a body: nothing more to say
        }
    }

    private static boolean api(Request request) {
        String uri = null;
        try {
            uri = request.getCoyoteRequest().requestURI().toString();
        } catch (RuntimeException e) {
            // unreadable: treat as a page
        }
        return uri != null && (uri.equals("/api") || uri.startsWith("/api/") || uri.startsWith("/api?"));
    }

    private static String problem(HttpStatus status) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", ErrorPages.text(status));
        problem.put("code", ErrorPages.code(status));
        return JSON.writeValueAsString(problem);
    }

    /** The layout's head and navigation bar, static: no session is read for a request Tomcat refused. */
    private static String page(HttpStatus status) {
        String title = status.getReasonPhrase();
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s · Ecom Store Manager</title>
                  <link rel="icon" href="/favicon.ico" sizes="32x32">
                  <link rel="stylesheet" href="/css/esm.css">
                </head>
                <body>
                <header class="topbar">
                  <a class="skip-link" href="#content">Skip to content</a>
                  <a class="brand" href="/stores">ESM <span>Ecom Store Manager</span></a>
                  <nav aria-label="Main">
                    <a href="/orders">Orders</a>
                    <a href="/label-batches">Batches</a>
                    <a href="/stores">Stores</a>
                    <a href="/account">Account</a>
                  </nav>
                  <span id="content" tabindex="-1" class="skip-target"></span>
                </header>
                <main class="narrow">
                  <h1>%s</h1>
                  <p class="flash error" role="alert" id="error-message">%s</p>
                  <p><a href="/stores">Back to your stores</a></p>
                </main>
                </body>
                </html>
                """.formatted(title, title, ErrorPages.text(status));
    }

    /** Puts this valve in place of the ErrorReportValve Spring Boot adds to the host. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatErrorReport() {
            return new WebServerFactoryCustomizer<>() {
                @Override
                public void customize(TomcatServletWebServerFactory factory) {
                    factory.addContextCustomizers(context -> {
                        if (context.getParent() instanceof StandardHost host) {
                            host.setErrorReportValveClass(TomcatErrorReport.class.getName());
                        }
                        for (Valve valve : context.getParent().getPipeline().getValves()) {
                            if (valve instanceof ErrorReportValve) {
                                context.getParent().getPipeline().removeValve(valve);
                            }
                        }
                        TomcatErrorReport report = new TomcatErrorReport();
                        report.setShowReport(false);
                        report.setShowServerInfo(false);
                        context.getParent().getPipeline().addValve(report);
                    });
                }
            };
        }
    }
}
