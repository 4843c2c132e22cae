package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.resultstore.engine.StatementShape;
import io.resultstore.query.StatementShapes;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL over the query services: parses each command, calls a service, writes the answer. Statements and
 * prepared statements run as queries ({@link FlightQueries}); the catalog listing is {@link MetadataStreams}.
 * Updates are refused: the server runs read-only queries only.
 */
final class ResultStoreProducer extends BasicFlightSqlProducer {
    private final FlightQueries queries;
    private final StatementShapes shapes;
    private final PreparedStatements prepared = new PreparedStatements();
    private final MetadataStreams metadata;
    private final SqlInfoBuilder sqlInfo;

    ResultStoreProducer(FlightQueries queries, StatementShapes shapes, MetadataStreams metadata, String version) {
        this.queries = requireNonNull(queries, "queries is null");
        this.shapes = requireNonNull(shapes, "shapes is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.sqlInfo = new SqlInfoBuilder()
                .withFlightSqlServerName("ResultStore")
                .withFlightSqlServerVersion(version)
                .withFlightSqlServerArrowVersion("18.3.0")
                .withFlightSqlServerReadOnly(true)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerSubstrait(false)
                .withFlightSqlServerCancel(true)
                .withSqlIdentifierQuoteChar("\"")
                .withSqlSchemaTerm("schema")
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(false)
                .withSqlDdlTable(false);
    }

    @Override
    public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return guarded(() -> queries.run(command.getQuery(), List.of(), context, descriptor));
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        PreparedStatements.Prepared p = prepared.get(handle(command.getPreparedStatementHandle()));
        if (p.parameters().size() != p.shape().parameterTypes().size()) {
            throw FlightErrors.invalid("the statement has " + p.shape().parameterTypes().size()
                    + " parameter(s) but " + p.parameters().size() + " were bound");
        }
        return guarded(() -> queries.run(p.sql(), p.parameters(), context, descriptor, p));
    }

    @Override
    public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        throw CallStatus.UNIMPLEMENTED.withDescription("a statement's schema is known once it ran: execute it")
                .toRuntimeException();
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        try {
            queries.stream(handle(ticket.getStatementHandle()), listener);
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
            ServerStreamListener listener) {
        listener.error(FlightErrors.invalid("read a prepared statement through the ticket its flight info names"));
    }

    @Override
    public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        try {
            StatementShape shape = shapes.describe(request.getQuery());
            String handle = prepared.add(request.getQuery(), shape);
            ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8(handle))
                    .setParameterSchema(ByteString.copyFrom(Parameters.schema(shape).serializeAsMessage()))
                    .setDatasetSchema(ByteString.copyFrom(Parameters.columns(shape).serializeAsMessage()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        // A statement closed while an execution still runs (JDBC closes it with its statement, also after a cancel
        // whose stream the driver never opened) takes that execution with it: nobody will read it.
        prepared.close(handle(request.getPreparedStatementHandle()))
                .ifPresent(p -> p.runs().forEach(queries::cancelRunning));
        listener.onCompleted();
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context,
            FlightStream stream, StreamListener<PutResult> ack) {
        return () -> {
            try {
                PreparedStatements.Prepared p = prepared.get(handle(command.getPreparedStatementHandle()));
                List<Object> values = List.of();
                while (stream.next()) {
                    if (stream.getRoot().getRowCount() > 0) {
                        values = Parameters.values(stream.getRoot());
                    }
                }
                p.bind(values);
                ack.onCompleted();
            } catch (RuntimeException e) {
                ack.onError(FlightErrors.toFlight(e));
            }
        };
    }

    @Override
    public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream stream,
            StreamListener<PutResult> ack) {
        return () -> ack.onError(refuseUpdate(command.getQuery()));
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context,
            FlightStream stream, StreamListener<PutResult> ack) {
        return () -> ack.onError(refuseUpdate(prepared.get(handle(command.getPreparedStatementHandle())).sql()));
    }

    /** The policy's own refusal for DML and DDL; a query sent as an update is told to come as a query. */
    private RuntimeException refuseUpdate(String sql) {
        try {
            shapes.describe(sql);
            return FlightErrors.invalid("this statement returns rows: execute it as a query");
        } catch (RuntimeException e) {
            return FlightErrors.toFlight(e);
        }
    }

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
            StreamListener<CancelStatus> listener) {
        boolean any = false;
        for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
            any |= ticketHandle(endpoint.getTicket()).map(queries::cancelTicket).orElse(false);
        }
        listener.onNext(any ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
        listener.onCompleted();
    }

    @Override
    public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        metadata.catalogs(listener);
    }

    @Override
    public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        metadata.schemas(command, listener);
    }

    @Override
    public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
        try {
            metadata.tables(command, listener);
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        metadata.tableTypes(listener);
    }

    @Override
    protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request, FlightDescriptor descriptor,
            Schema schema) {
        // Listings are produced when read: the ticket is the command itself.
        return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
    }

    @Override
    public void close() {
        queries.close();
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    private static String handle(ByteString bytes) {
        return bytes.toStringUtf8();
    }

    private static java.util.Optional<String> ticketHandle(Ticket ticket) {
        try {
            Any any = Any.parseFrom(ticket.getBytes());
            if (!any.is(TicketStatementQuery.class)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(handle(any.unpack(TicketStatementQuery.class).getStatementHandle()));
        } catch (InvalidProtocolBufferException e) {
            return java.util.Optional.empty();
        }
    }
}
