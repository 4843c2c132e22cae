package io.resultstore.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.resultstore.catalog.Catalog;
import io.resultstore.connection.ConnectionService;
import io.resultstore.connection.SourceCache;
import io.resultstore.dataset.DatasetService;
import io.resultstore.dataset.UploadService;
import io.resultstore.payload.PayloadService;
import io.resultstore.query.QueryService;
import io.resultstore.result.ResultDownloads;
import io.resultstore.result.ResultService;
import io.resultstore.storage.BlobStorage;

/** Every feature's routes, registered in one go. */
public final class Routes {
    private final ServiceRoutes service;
    private final QueryRoutes query;
    private final ResultRoutes result;
    private final RunRoutes run;
    private final DownloadRoutes download;
    private final PayloadRoutes payload;
    private final DatasetRoutes dataset;
    private final ConnectionRoutes connection;
    private final InformationSchemaRoutes informationSchema;
    private final ConsoleRoutes console = new ConsoleRoutes();

    public Routes(Catalog catalog, BlobStorage storage, PrometheusMeterRegistry metrics, String version,
            QueryService queries, ResultService results, ResultDownloads downloads, PayloadService payloads,
            UploadService uploads, DatasetService datasets, ConnectionService connections, SourceCache sourceCache,
            java.util.function.LongSupplier readyResults) {
        this.service = new ServiceRoutes(catalog, storage, metrics, version);
        this.query = new QueryRoutes(queries);
        this.result = new ResultRoutes(results);
        this.run = new RunRoutes(catalog.runs(), catalog.results(), queries);
        this.download = new DownloadRoutes(downloads);
        this.payload = new PayloadRoutes(payloads);
        this.dataset = new DatasetRoutes(uploads, datasets);
        this.connection = new ConnectionRoutes(connections, sourceCache);
        this.informationSchema = new InformationSchemaRoutes(datasets, connections, readyResults);
    }

    public void register(RoutesConfig routes) {
        service.register(routes);
        query.register(routes);
        result.register(routes);
        run.register(routes);
        download.register(routes);
        payload.register(routes);
        dataset.register(routes);
        connection.register(routes);
        informationSchema.register(routes);
        console.register(routes);
    }
}
