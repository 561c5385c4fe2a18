package io.fleethub.transport.http.blob;

import io.fleethub.core.files.BlobStorageException;
import io.fleethub.core.files.BlockId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads Put Block List's body, {@code <BlockList><Latest>id</Latest><Uncommitted>id</Uncommitted>...</BlockList>},
 * into the ids in order. Latest and Uncommitted both name a staged block; Committed names a block of the blob's
 * current block list, which this store does not keep, so it is refused (400 InvalidBlockList). A body that is not
 * such XML is 400 InvalidXmlDocument. DTDs and external entities are refused. Stateless.
 */
final class BlockListXml {
  private BlockListXml() {}

  static List<BlockId> parse(byte[] xml) {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw invalidXml("the body is not XML: " + e.getMessage());
    }
    if (!"BlockList".equals(root.getTagName())) {
      throw invalidXml("the root element must be <BlockList>, not <" + root.getTagName() + ">");
    }
    List<BlockId> ids = new ArrayList<>();
    for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (!(node instanceof Element element)) {
        continue;
      }
      String kind = element.getTagName();
      if (kind.equals("Committed")) {
        throw new BlobStorageException(400, "InvalidBlockList", "The specified block list is invalid: "
            + "<Committed> blocks are not kept by this store; stage the block again and list it as <Latest>.");
      }
      if (!kind.equals("Latest") && !kind.equals("Uncommitted")) {
        throw invalidXml("<BlockList> holds <Latest>, <Uncommitted> or <Committed> elements, not <" + kind + ">");
      }
      try {
        ids.add(new BlockId(element.getTextContent().trim()));
      } catch (IllegalArgumentException e) {
        throw new BlobStorageException(400, "InvalidBlockId", "The specified block ID is invalid: "
            + e.getMessage() + ".");
      }
    }
    return ids;
  }

  private static BlobStorageException invalidXml(String why) {
    return new BlobStorageException(400, "InvalidXmlDocument", "XML specified is not syntactically valid: " + why
        + ".");
  }
}
