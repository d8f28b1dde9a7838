package dev.chorus.security;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Records, on a server connection, whom the TLS handshake proved the peer to be: the common name of its verified
 * certificate, stored as the bolt connection's attribute {@value #ATTRIBUTE}, where request processors read it. Sits
 * after bolt's {@code SslHandler}; the handshake completes before any request on the connection is decoded, so a
 * processor that finds no identity is looking at a connection that never authenticated.
 */
public final class PeerIdentity extends ChannelInboundHandlerAdapter {
    public static final String ATTRIBUTE = "chorus.peer";

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            com.alipay.remoting.Connection connection = ctx.channel().attr(com.alipay.remoting.Connection.CONNECTION).get();
            if (ssl != null && connection != null) {
                commonName(ssl).ifPresent(name -> connection.setAttribute(ATTRIBUTE, name));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private static Optional<String> commonName(SslHandler ssl) {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            return commonName(leaf.getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Optional<String> commonName(String distinguishedName) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /** The authenticated name of the peer on {@code connection}, empty if it did not authenticate. */
    public static Optional<String> of(com.alipay.sofa.jraft.rpc.Connection connection) {
        Object name = connection == null ? null : connection.getAttribute(ATTRIBUTE);
        return name instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
